// adf web view: the UTC / local time switch (kept in this browser), applied again after each htmx swap.
(function () {
  "use strict";
  var KEY = "adf.tz";
  function local() { return window.localStorage.getItem(KEY) === "local"; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show(el) {
    var iso = el.getAttribute("datetime");
    if (!iso) { return; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return; }
    if (!el.dataset.utc) { el.dataset.utc = el.textContent; }
    if (local()) {
      var off = -d.getTimezoneOffset();
      var sign = off >= 0 ? "+" : "-";
      off = Math.abs(off);
      el.textContent = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
        pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
        sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60);
    } else {
      el.textContent = el.dataset.utc;
    }
  }
  function apply(root) {
    (root || document).querySelectorAll("time[datetime]").forEach(show);
    var b = document.getElementById("tz-toggle");
    if (b) { b.textContent = local() ? "Local time" : "UTC"; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("tz-toggle");
    if (b) {
      b.addEventListener("click", function () {
        window.localStorage.setItem(KEY, local() ? "utc" : "local");
        apply(document);
      });
    }
    apply(document);
    // Select-all box of the windows list.
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll("input[name='" + all.dataset.selectAll + "']").forEach(function (c) {
          c.checked = all.checked;
        });
      });
    });
  });
  document.addEventListener("htmx:afterSwap", function (e) { apply(e.target); });
})();
