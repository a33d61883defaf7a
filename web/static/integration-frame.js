// Parvis embeddable calendar, inside the frame: tells the page that frames it how tall the list is,
// so web/static/integration.js (on that page) can fit the frame to it. Sends a number, nothing else.
(() => {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'parvis:embed-height', height }, '*');
  };
  if ('ResizeObserver' in window) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener('load', send);
  send();
})();
