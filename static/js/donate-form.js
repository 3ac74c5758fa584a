// The donate page: moves focus to the list of problems after a failed submit,
// picks "Other amount" as soon as someone types an amount of their own, and
// keeps the Gift Aid example on the amount chosen ("£25 becomes £31.25").
// Without JavaScript the forms work the same; the donor picks "Other" by hand
// and the example stays on the first amount.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  function pounds(value) {
    var cleaned = String(value || "").replace(/[\s,£]/g, "");
    return /^[0-9]{1,7}$/.test(cleaned) ? parseInt(cleaned, 10) : null;
  }

  function money(value) {
    return value.toLocaleString("en-GB", {
      minimumFractionDigits: value % 1 ? 2 : 0,
      maximumFractionDigits: 2,
    });
  }

  document.querySelectorAll("form.donate-form").forEach(function (form) {
    var example = form.querySelector("[data-gift-aid-example]");
    if (!example) return;
    var perMonth = example.hasAttribute("data-per-month") ? " a month" : "";
    function update() {
      var chosen = form.querySelector("input[name=amount]:checked");
      var amount = null;
      if (chosen && chosen.value === "other") {
        amount = pounds(form.querySelector("[data-other-amount]").value);
      } else if (chosen) {
        amount = pounds(chosen.value);
      }
      if (!amount) return;
      example.textContent =
        "Gift Aid adds 25p to every £1 you give, at no cost to you: £" +
        money(amount) + " becomes £" + (amount * 1.25).toLocaleString("en-GB", {
          minimumFractionDigits: 2, maximumFractionDigits: 2,
        }) + perMonth + ".";
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
  });

  document.querySelectorAll("[data-other-amount]").forEach(function (input) {
    var radio = input.form && input.form.querySelector("[data-other-radio]");
    if (!radio) return;
    input.addEventListener("input", function () {
      if (input.value.trim()) radio.checked = true;
    });
  });
})();
