// Counts how often each donate button is actually seen, so fundraisers can work
// out click-through rates on cached pages. When at least half of a button first
// scrolls into view, its signed token is sent once with navigator.sendBeacon.
// No cookies, no identifiers, nothing stored in the browser. Visitors who send
// Do Not Track or Global Privacy Control are not counted at all.
//
// It also runs A/B tests of calls to action. A call to action in a test holds
// one <template> per version, each with its own signed links; for each test
// this script picks one version at random for this page view (the same one
// wherever the call to action appears on the page) and shows it in place of
// the control. Visitors who are not counted keep the control, whose links
// tell the server they took no part in the test.
(function () {
  "use strict";

  // The component may be on a page more than once; run once.
  if (window.msPortalDonationImpressions) return;
  window.msPortalDonationImpressions = true;

  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  // The server's limits for one beacon (donations/links.py).
  var maxTokens = Number(script && script.getAttribute("data-max-tokens")) || 20;
  var maxBytes = Number(script && script.getAttribute("data-max-bytes")) || 4096;
  var optedOut =
    navigator.doNotTrack === "1" ||
    window.doNotTrack === "1" ||
    navigator.globalPrivacyControl === true;
  var canCount =
    endpoint &&
    !optedOut &&
    "IntersectionObserver" in window &&
    typeof navigator.sendBeacon === "function";

  function randomBelow(count) {
    if (window.crypto && window.crypto.getRandomValues) {
      return window.crypto.getRandomValues(new Uint32Array(1))[0] % count;
    }
    return Math.floor(Math.random() * count);
  }

  function versionsOf(element) {
    return Array.prototype.filter.call(element.children, function (child) {
      return child.tagName === "TEMPLATE" && child.hasAttribute("data-donation-variant");
    });
  }

  function runTests() {
    var tests = {};
    document.querySelectorAll("[data-donation-test]").forEach(function (element) {
      var id = element.getAttribute("data-donation-test");
      (tests[id] = tests[id] || []).push(element);
    });
    Object.keys(tests).forEach(function (id) {
      var elements = tests[id];
      var count = versionsOf(elements[0]).length;
      if (!canCount || count === 0) {
        elements.forEach(function (element) {
          element.classList.remove("donation-cta--pending");
        });
        return;
      }
      var chosen = randomBelow(count);
      elements.forEach(function (element) {
        var template = versionsOf(element)[chosen];
        if (template) {
          element.replaceWith(template.content.cloneNode(true));
        } else {
          element.classList.remove("donation-cta--pending");
        }
      });
    });
  }

  // However many buttons come into view at once, each beacon stays within the
  // server's limits, so none is refused and no impression is lost.
  function send(tokens) {
    var batch = new URLSearchParams();
    tokens.forEach(function (token) {
      var grown = new URLSearchParams(batch);
      grown.append("t", token);
      var full = batch.getAll("t").length >= maxTokens;
      if (batch.has("t") && (full || grown.toString().length > maxBytes)) {
        navigator.sendBeacon(endpoint, batch);
        grown = new URLSearchParams([["t", token]]);
      }
      batch = grown;
    });
    if (batch.has("t")) navigator.sendBeacon(endpoint, batch);
  }

  function startCounting() {
    var observer = new IntersectionObserver(
      function (entries) {
        var seen = [];
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          seen.push(entry.target.getAttribute("data-donation-token"));
          observer.unobserve(entry.target);
        });
        if (seen.length) send(seen);
      },
      { threshold: 0.5 }
    );
    document.querySelectorAll("[data-donation-token]").forEach(function (button) {
      observer.observe(button);
    });
  }

  // Versions are chosen before anything is counted, so only the button this
  // page view shows is ever reported.
  runTests();
  if (!canCount) return;

  // A page the browser prerenders may never be looked at: wait until it is.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", startCounting, { once: true });
  } else {
    startCounting();
  }
})();
