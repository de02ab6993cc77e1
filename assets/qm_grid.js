/* Number format of the area table (dash-ag-grid valueFormatter), by the browser's Intl in the page's
 * locale ("de-DE": 12.345,7; "en-GB": 12,345.7) — the same CLDR rules Babel applies on the server.
 * The values arrive already rounded to the indicator's precision. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.qmNumber = function (value, locale, decimals) {
  if (value === null || value === undefined || value === "") return "";
  return new Intl.NumberFormat(locale, {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(value);
};
