// restitution review page: pointing at a value lights its zone on the page (and the
// reverse); clicking one scrolls the other into view. Scoped to one document's section.
(function () {
  "use strict";
  function champs(el, section) {
    var out = [];
    for (var e = el; e && e !== section; e = e.parentElement) {
      var c = e.getAttribute && e.getAttribute("data-champ");
      if (c !== null && c !== undefined && out.indexOf(c) < 0) out.push(c);
    }
    return out;
  }
  function matching(section, champ) {
    return Array.prototype.filter.call(section.querySelectorAll("[data-champ]"), function (e) {
      return e.getAttribute("data-champ") === champ;
    });
  }
  function clear(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".survol"), function (e) {
      e.classList.remove("survol");
    });
  }
  document.addEventListener("mouseover", function (ev) {
    clear(document);
    var section = ev.target.closest && ev.target.closest("section.document");
    if (!section) return;
    champs(ev.target, section).forEach(function (c) {
      matching(section, c).forEach(function (e) { e.classList.add("survol"); });
    });
  });
  document.addEventListener("click", function (ev) {
    var section = ev.target.closest && ev.target.closest("section.document");
    if (!section) return;
    var c = champs(ev.target, section)[0];
    if (c === undefined) return;
    var inField = ev.target.closest(".champs") !== null;
    var other = matching(section, c).filter(function (e) {
      return (e.closest(".champs") !== null) !== inField;
    })[0];
    if (other) other.scrollIntoView({ block: "center", behavior: "smooth" });
  });
})();
