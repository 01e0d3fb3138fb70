(function () {
  "use strict";
  var panel = document.getElementById("evidence");
  if (!panel) { return; }
  var body = panel.querySelector(".evidence-body");
  function show(n) {
    var li = document.getElementById("c-" + n);
    if (!li) { return; }
    var q = li.querySelector(".quote");
    var src = li.querySelector(".cite-source");
    body.textContent = "";
    var p1 = document.createElement("p");
    p1.style.margin = "0 0 .3rem";
    p1.textContent = "[" + n + "] " + (q ? q.textContent : "");
    var p2 = document.createElement("p");
    p2.style.margin = "0";
    p2.className = "note";
    p2.textContent = (src ? src.textContent : "") + " ";
    var go = document.createElement("a");
    go.className = "goto";
    go.setAttribute("href", "#c-" + n);
    go.textContent = "show in the list";
    p2.appendChild(go);
    body.appendChild(p1);
    body.appendChild(p2);
    panel.classList.add("open");
    var old = document.querySelectorAll("ol.citations li.flash");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("flash"); }
    li.classList.add("flash");
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (!a) { return; }
    var href = a.getAttribute("href") || "";
    var m = /^#c-(\d+)$/.exec(href);
    if (m && !a.closest("ol.citations") && !a.classList.contains("goto")) {
      ev.preventDefault();
      show(m[1]);
    }
  });
  panel.querySelector("button").addEventListener("click", function () { panel.classList.remove("open"); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { panel.classList.remove("open"); } });
})();
