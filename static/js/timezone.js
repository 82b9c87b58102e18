// Preselect the browser's time zone in fields marked data-guess-timezone, while they still
// show the default that attribute names (the person has not chosen one yet). Pages work
// without this file: the default stays.
(function () {
  // Chromium names these zones as CLDR does, by names the tz database has since replaced;
  // the list offers the current names.
  var CURRENT_NAMES = {
    "Africa/Asmera": "Africa/Asmara",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Catamarca": "America/Argentina/Catamarca",
    "America/Coral_Harbour": "America/Atikokan",
    "America/Cordoba": "America/Argentina/Cordoba",
    "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Jujuy": "America/Argentina/Jujuy",
    "America/Louisville": "America/Kentucky/Louisville",
    "America/Mendoza": "America/Argentina/Mendoza",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Europe/Kiev": "Europe/Kyiv",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Truk": "Pacific/Chuuk"
  };
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  var candidates = [zone, CURRENT_NAMES[zone]];
  document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
    if (select.value !== select.getAttribute("data-guess-timezone")) return;
    for (var c = 0; c < candidates.length; c++) {
      for (var i = 0; i < select.options.length; i++) {
        if (candidates[c] && select.options[i].value === candidates[c]) {
          select.value = candidates[c];
          return;
        }
      }
    }
  });
})();
