/* Open the dashboard of the round picked in the round list. A static file rather than an
   `onchange` attribute, because the Content-Security-Policy runs no inline script. */
(function () {
  var select = document.getElementById("round-select");
  if (!select) return;
  select.addEventListener("change", function () {
    if (select.value) window.location = select.value;
  });
})();
