// Starts the API reference on /api/docs with the pinned, self-hosted bundle (a file rather than an
// inline script, so the page's Content-Security-Policy allows no inline code). No external fonts.
(function () {
  var mount = document.getElementById('snoozeql-api-reference');
  if (!mount || !window.Scalar) return;
  window.Scalar.createApiReference(mount, {
    url: mount.getAttribute('data-spec-url'),
    withDefaultFonts: false,
    hideClientButton: false,
    telemetry: false
  });
})();
