// Sharing without third-party scripts: copy a profile's link, open the phone's share sheet
// (Zalo, Messenger, …), print a model card. The buttons stay hidden until this script
// shows them, so a reader without JavaScript never meets a button that does nothing;
// the Facebook and e-mail links are plain links and work without it.
(function () {
  "use strict";

  function announce(from, text) {
    var box = from.closest(".ex-share");
    var status = box && box.querySelector(".ex-share__status");
    if (status) status.textContent = text;
  }

  // Clipboard API needs a secure context (https, or the reader's own machine); else copy from a selected field.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "ex-share__field";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      document.body.removeChild(field);
      if (copied) resolve();
      else reject(new Error("copy refused"));
    });
  }

  // A site built without its published address leaves the address empty: the page's own, then.
  function addressOf(button, attribute) {
    return button.getAttribute(attribute) || window.location.href.split("#")[0];
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = addressOf(button, "data-copy-link");
      copyText(url).then(
        function () { announce(button, "Đã sao chép liên kết: " + url); },
        function () { announce(button, "Không sao chép được. Liên kết: " + url); }
      );
    });
  });

  if (navigator.share) {
    document.querySelectorAll("[data-share-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({
          title: button.getAttribute("data-share-title"),
          url: addressOf(button, "data-share-url")
        }).catch(function () { /* the reader closed the share sheet */ });
      });
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
