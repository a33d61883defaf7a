// Parvis: the calendar's filters with JavaScript (CAL-02). The home page is rendered without
// SvelteKit's client app (decision 0013, "The home page ships no application"); its filters are a
// GET form that works as it is. This adds what a script can: any change applies at once, and the
// page that comes back keeps the visitor's place (scroll, the field they were on, the folded
// sections they opened); on a wide screen the filter panel starts open. Nothing else.
(() => {
  const form = document.querySelector('form.filters');
  if (!(form instanceof HTMLFormElement)) return;
  const panel = form.closest('details');
  if (panel && window.matchMedia('(min-width: 60rem)').matches) panel.open = true;

  // Back and forward show the boxes as the address has them, not as they were last ticked: the
  // browser may restore a page (or its fields' state) from just before the form left it.
  window.addEventListener('pageshow', () => form.reset());

  const key = 'parvis:calendar-filters';
  const sections = () => [...form.querySelectorAll('details')];
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    sessionStorage.removeItem(key);
    if (saved && saved.path === location.pathname) {
      sections().forEach((section, index) => {
        if (saved.open?.[index]) section.open = true;
      });
      window.scrollTo(0, saved.y);
      const field = [...form.elements].find(
        (element) => element.name === saved.name && (saved.value === null || element.value === saved.value),
      );
      if (field instanceof HTMLElement) field.focus({ preventScroll: true });
    }
  } catch {
    // No session storage (private mode, blocked): the filter still applies, from the top.
  }

  form.addEventListener('change', (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) return;
    try {
      sessionStorage.setItem(
        key,
        JSON.stringify({
          path: new URL(form.action).pathname,
          y: window.scrollY,
          name: field.name,
          value: field.type === 'checkbox' ? field.value : null,
          open: sections().map((section) => section.open),
        }),
      );
    } catch {
      // As above: the place is not kept, nothing else changes.
    }
    form.requestSubmit();
  });
})();
