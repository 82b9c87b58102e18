// Shows the Print buttons ([data-print]) and makes them open the browser's print dialog.
// Without this file the page still says how to print with the browser's own command.
(function () {
  if (typeof window.print !== "function") return;
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
