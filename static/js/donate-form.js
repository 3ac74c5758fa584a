// The donate page: moves focus to the list of problems after a failed submit,
// and picks "Other amount" as soon as someone types an amount of their own.
// Without JavaScript the forms work the same; the donor picks "Other" by hand.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  document.querySelectorAll("[data-other-amount]").forEach(function (input) {
    var radio = input.form && input.form.querySelector("[data-other-radio]");
    if (!radio) return;
    input.addEventListener("input", function () {
      if (input.value.trim()) radio.checked = true;
    });
  });
})();
