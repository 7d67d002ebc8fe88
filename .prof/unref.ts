import { startLogfileThread } from '../electron/workbooks/logfile-thread';
startLogfileThread({ idleUnref: true });
console.log('started');
