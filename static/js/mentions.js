// Suggest member names after "@" in text areas marked data-mentions="<datalist id>".
// Optional: without this file people type the name themselves, and mentions still work.
(function () {
  var MAX_SUGGESTIONS = 8;

  function namesFrom(listId) {
    var list = document.getElementById(listId);
    if (!list) return [];
    return Array.prototype.map.call(list.options, function (option) {
      return option.value;
    });
  }

  function setUp(area) {
    var names = namesFrom(area.getAttribute("data-mentions"));
    if (!names.length) return;
    var box = document.createElement("ul");
    box.className = "list-group mt-1 d-none";
    area.insertAdjacentElement("afterend", box);

    function typedQuery() {
      var before = area.value.slice(0, area.selectionStart);
      var match = /(^|\s)@([^@\n]{0,40})$/.exec(before);
      return match ? match[2] : null;
    }

    function hide() {
      box.classList.add("d-none");
      box.innerHTML = "";
    }

    function insert(name) {
      var caret = area.selectionStart;
      var before = area.value.slice(0, caret);
      var at = before.lastIndexOf("@");
      var text = before.slice(0, at) + "@" + name + " ";
      area.value = text + area.value.slice(caret);
      area.focus();
      area.setSelectionRange(text.length, text.length);
      hide();
    }

    area.addEventListener("input", function () {
      var query = typedQuery();
      if (query === null) return hide();
      var lower = query.toLowerCase();
      var found = names.filter(function (name) {
        return name.toLowerCase().indexOf(lower) === 0 || name.toLowerCase().indexOf(" " + lower) > 0;
      }).slice(0, MAX_SUGGESTIONS);
      if (!found.length) return hide();
      box.innerHTML = "";
      found.forEach(function (name) {
        var item = document.createElement("li");
        item.className = "list-group-item list-group-item-action p-0";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link text-start w-100";
        button.textContent = "@" + name;
        button.addEventListener("click", function () {
          insert(name);
        });
        item.appendChild(button);
        box.appendChild(item);
      });
      box.classList.remove("d-none");
    });

    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
      if (event.key === "ArrowDown" && !box.classList.contains("d-none")) {
        var first = box.querySelector("button");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(setUp);
})();
