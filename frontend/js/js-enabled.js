// Loaded synchronously at the top of <body>: GOV.UK Frontend's components
// style themselves by these classes. An external file, so the
// Content-Security-Policy needs no inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
