export { LANGUAGES, intlLocale, isLanguage, languageFromLocale, type Language } from './languages';
export { formatDate, formatDateTime, formatNumber, formatPercent } from './format';
export { NAMESPACES, resources, type Namespace } from './resources';
