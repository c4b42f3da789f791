// The portal's only script: live countdowns and copy buttons. Pages work without it.
(function () {
  function pad(n) { return String(n).padStart(2, '0'); }
  function tick() {
    document.querySelectorAll('[data-countdown-to]').forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-countdown-to')) - Date.parse(el.getAttribute('data-now'))
          - (Date.now() - Number(el.getAttribute('data-loaded')));
      if (left <= 0) { el.textContent = 'closed'; el.classList.add('closed'); return; }
      var s = Math.floor(left / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
          m = Math.floor(s % 3600 / 60);
      el.textContent = (d > 0 ? d + ' d ' : '') + pad(h) + ':' + pad(m) + ':' + pad(s % 60) + ' left';
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var loaded = String(Date.now());
    document.querySelectorAll('[data-countdown-to]').forEach(function (el) { el.setAttribute('data-loaded', loaded); });
    if (document.querySelector('[data-countdown-to]')) { tick(); setInterval(tick, 1000); }
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.addEventListener('click', function () {
        var text = document.getElementById(button.getAttribute('data-copy')).textContent.trim();
        var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 2000); };
        var byHand = function () { var t = document.createElement('textarea'); t.value = text;
          document.body.appendChild(t); t.select(); document.execCommand('copy'); t.remove(); done(); };
        if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, byHand); }
        else { byHand(); }
      });
    });
  });
})();
