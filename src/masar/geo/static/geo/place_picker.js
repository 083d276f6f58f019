// The place picker: suggestions under any input[data-place-search] as the user types.
// Results are built from text nodes only (a place name is data, never markup). Without this
// script the input is a plain search: the server resolves what was typed or lists the matches.
(function () {
  "use strict";

  function enhance(input) {
    var list = document.createElement("ul");
    var listId = input.id + "-places";
    var timer = null;
    var active = -1;
    list.id = listId;
    list.className = "place-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.insertAdjacentElement("afterend", list);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(item) {
      input.value = item.dataset.label;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(results) {
      list.replaceChildren();
      results.forEach(function (result, i) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        var context = document.createElement("small");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.dataset.label = result.label;
        name.textContent = result.name;
        context.textContent = result.context + " · " + result.key;
        li.append(name, " ", context);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(li); });
        list.append(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    function search() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var url = input.dataset.placeSearch + "&q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === text) show(data.results); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("li")[active]);
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-place-search]").forEach(enhance);
})();
