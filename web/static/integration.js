// Parvis embeddable calendar, on the organization's own page (optional): fits each Parvis calendar
// frame to its list. Only messages from this script's own origin, from one of those frames, of the
// expected shape and a sensible height are heeded; nothing is evaluated.
(() => {
  const script = document.currentScript;
  if (!script?.src) return;
  const origin = new URL(script.src).origin;
  window.addEventListener('message', (event) => {
    if (event.origin !== origin) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'parvis:embed-height') return;
    const height = data.height;
    if (typeof height !== 'number' || !Number.isFinite(height) || height < 40 || height > 20000) return;
    for (const frame of document.querySelectorAll('iframe[data-parvis-calendar]')) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(height) + 2}px`;
    }
  });
})();
