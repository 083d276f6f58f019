/* The registration page: the summary of a refused registration takes the focus, and "Add a
   member" appends a copy of the empty form's nodes, with the formset's `__prefix__` replaced
   in names and ids, so nothing is ever parsed from HTML. */
(function () {
  // After a refused registration, start at the summary of what is missing.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var button = document.getElementById("add-member");
  if (!button) return;
  button.addEventListener("click", function () {
    var total = document.getElementById("id_m-TOTAL_FORMS");
    var copy = document.getElementById("member-template").content.cloneNode(true);
    copy.querySelectorAll("[name], [id], [for]").forEach(function (node) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) node.setAttribute(attribute, value.replace(/__prefix__/g, total.value));
      });
    });
    document.getElementById("members").appendChild(copy);
    total.value = parseInt(total.value, 10) + 1;
  });
})();
