// Articles: glossary explanations as toggletips, and feedback sent in place.
// Without JavaScript, a glossary term links to its explanation lower down
// the page and the feedback form posts to a small thank-you page.
(function () {
  "use strict";

  // Glossary toggletips: Enter or click shows the explanation beside the term;
  // Escape, a second click or a click elsewhere hides it. The tip is a live
  // region, so screen readers announce it when it appears.
  var openTip = null;

  function closeTip() {
    if (!openTip) return;
    openTip.term.setAttribute("aria-expanded", "false");
    openTip.tip.remove();
    openTip = null;
  }

  function showTip(term) {
    var id = term.getAttribute("href").slice(1);
    var source = document.getElementById(id + "-text");
    if (!source) return;
    var tip = document.createElement("span");
    tip.className = "glossary-tip";
    tip.setAttribute("role", "status");
    tip.textContent = source.textContent;
    term.insertAdjacentElement("afterend", tip);
    term.setAttribute("aria-expanded", "true");
    openTip = { term: term, tip: tip };
  }

  document.querySelectorAll(".glossary-term").forEach(function (term) {
    term.setAttribute("role", "button");
    term.setAttribute("aria-expanded", "false");
    term.addEventListener("click", function (event) {
      event.preventDefault();
      var wasOpen = openTip && openTip.term === term;
      closeTip();
      if (!wasOpen) showTip(term);
    });
    term.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        term.click();
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && openTip) {
      var term = openTip.term;
      closeTip();
      term.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (openTip && !openTip.term.contains(event.target) && !openTip.tip.contains(event.target)) {
      closeTip();
    }
  });

  // Feedback: post in the background and say thank you in place.
  var section = document.querySelector("[data-feedback]");
  if (!section || !window.fetch) return;
  var form = section.querySelector("form");
  var status = section.querySelector("[role=status]");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      // Form-encoded, as the form itself posts: the endpoint takes no uploads.
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "omit",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, message: data.message };
        });
      })
      .then(function (result) {
        status.textContent = result.message;
        if (result.ok) {
          form.hidden = true;
        } else {
          button.disabled = false;
        }
      })
      .catch(function () {
        // Fall back to an ordinary post, which shows its own answer.
        form.submit();
      });
  });
})();
