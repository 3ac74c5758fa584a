// Collapses the main menu behind a "Menu" button on small screens.
// Without JavaScript the menu is simply always open. The stylesheet already
// shows the button and closes the menu when scripting is on (main.css), so
// this script changes nothing on the screen until the button is pressed.
(function () {
  "use strict";

  var toggle = document.querySelector(".primary-nav__toggle");
  var list = document.getElementById("primary-nav-list");
  if (!toggle || !list) return;

  var narrow = window.matchMedia("(max-width: 47.99em)");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    list.classList.toggle("is-open", open);
  }

  function sync() {
    toggle.hidden = !narrow.matches;
    setOpen(!narrow.matches);
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
  narrow.addEventListener("change", sync);
  sync();
})();
