(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var text = document.getElementById("f-text");
  var label = document.getElementById("f-label");
  var kind = document.getElementById("f-kind");
  var article = document.getElementById("f-article");
  var shown = document.getElementById("f-shown");
  var empty = document.getElementById("f-empty");
  var haystacks = cards.map(function (card) {
    return (card.textContent || "").toLowerCase();
  });
  function matches(card, i, terms) {
    if (label.value && card.getAttribute("data-label") !== label.value &&
        card.getAttribute("data-status") !== label.value) { return false; }
    if (kind.value && card.getAttribute("data-kind") !== kind.value) { return false; }
    if (article.value && card.getAttribute("data-article") !== article.value) { return false; }
    for (var t = 0; t < terms.length; t++) {
      if (haystacks[i].indexOf(terms[t]) === -1) { return false; }
    }
    return true;
  }
  function apply() {
    var terms = text.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var n = 0;
    cards.forEach(function (card, i) {
      var ok = matches(card, i, terms);
      card.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = (shown.getAttribute("data-format") || "{shown} of {total} claims shown")
      .replace("{shown}", String(n)).replace("{total}", String(cards.length));
    empty.hidden = n !== 0;
  }
  [text, label, kind, article].forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    text.value = ""; label.value = ""; kind.value = ""; article.value = "";
    apply();
  });
  Array.prototype.slice.call(document.querySelectorAll("[data-filter-label]")).forEach(function (el) {
    el.addEventListener("click", function () {
      label.value = el.getAttribute("data-filter-label");
      apply();
      document.getElementById("claims").scrollIntoView();
    });
  });
  Array.prototype.slice.call(document.querySelectorAll("[data-filter-article]")).forEach(function (el) {
    el.addEventListener("click", function () {
      article.value = el.getAttribute("data-filter-article");
      apply();
      document.getElementById("claims").scrollIntoView();
    });
  });
  document.documentElement.classList.add("js");
  apply();
})();
