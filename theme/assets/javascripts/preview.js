// Live preview only (python -m generator serve): lists the records' current problems, from
// preview-problems.json, at the top of the page. The page reloads after every rebuild.
(function () {
  "use strict";
  var section = document.getElementById("preview-problems");
  if (!section) return;
  var root = document.currentScript.src.replace(/assets\/javascripts\/preview\.js(\?.*)?$/, "");
  var SHOWN = 50;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function show(problems) {
    if (!problems.length) return;
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var title = element("h2", errors
      ? "Hồ sơ có " + errors + " lỗi: trang đang hiện bản đúng gần nhất, chưa có các sửa đổi mới."
      : "Hồ sơ có " + problems.length + " cảnh báo cần xem lại.");
    title.id = "preview-problems-title";
    section.appendChild(title);
    var list = element("ul");
    problems.slice(0, SHOWN).forEach(function (p) {
      var item = element("li", null, "preview-problems__" + p.severity);
      item.appendChild(element("code", p.file + ":" + p.line + ":" + p.column));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("strong", p.severity === "error" ? "Lỗi:" : "Cảnh báo:"));
      item.appendChild(document.createTextNode(" " + p.text));
      list.appendChild(item);
    });
    section.appendChild(list);
    if (problems.length > SHOWN) {
      section.appendChild(element("p", "… và " + (problems.length - SHOWN) +
        " vấn đề khác: chạy python -m generator validate để xem hết."));
    }
    section.appendChild(element("p", "Sửa tệp và lưu lại: trang tự tải lại khi hồ sơ hết lỗi."));
    section.hidden = false;
  }

  fetch(root + "preview-problems.json", { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(show)
    .catch(function () { /* no list: nothing to show */ });
})();
