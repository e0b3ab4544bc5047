// Starts Swagger UI on /api/v1/docs with the settings the page carries as JSON (a file,
// not an inline script, for the Content-Security-Policy).
"use strict";
(function () {
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  window.ui = SwaggerUIBundle(settings);
})();
