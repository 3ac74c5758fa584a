// Keeps shared research-hub links short: leaves "any" choices and the
// default sort out of the address when the filter form is submitted.
// Without JavaScript the form submits every field, which works the same.
(function () {
  "use strict";

  var form = document.getElementById("research-filters");
  if (!form) return;

  form.addEventListener("submit", function () {
    var fields = form.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var isDefaultSort = field.name === "sort" && field.value === "newest";
      if (field.name && (field.value === "" || isDefaultSort)) {
        field.disabled = true;
      }
    }
  });

  // Back/forward cache: a page restored after submitting keeps the fields
  // disabled, so switch them back on.
  window.addEventListener("pageshow", function () {
    var fields = form.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) {
      fields[i].disabled = false;
    }
  });
})();
