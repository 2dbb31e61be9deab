// The console's only script of its own: the dialog element that htmx fills with a form.
(function () {
  function dialog() { return document.getElementById('dialog'); }
  document.addEventListener('htmx:afterSwap', function (e) {
    if (e.detail.target && e.detail.target.id === 'dialog-body') {
      var d = dialog();
      if (!d.open) { d.showModal(); }
      var first = d.querySelector('input:not([type=hidden]), select, textarea, button');
      if (first) { first.focus(); }
    }
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest('[data-close-dialog]')) {
      var d = dialog();
      // after a pending operation, the page behind shows it once reloaded
      if (e.target.closest('[data-reload]')) { window.location.reload(); return; }
      if (d.open) { d.close(); } else { var m = e.target.closest('.message'); if (m) { m.remove(); } }
    }
  });
})();
