/** Scan exports are written in electron/workbooks/ (the one room for workbooks and CSV). */
export { scanToCsv, writeScanFile } from '../../workbooks/scan-export';
