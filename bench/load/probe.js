// Records when the first task title is on screen: searched through open shadow roots on every
// animation frame, from the page's own clock (no round trip to the driver in the figure).
// With it, the page's network waterfall up to that frame (Resource Timing: when each request
// started and when its response ended, on the same clock).
const deep = (root) => {
  const hit = root.querySelector('[part~="task-title"]');
  if (hit?.textContent.trim()) return hit;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const found = deep(el.shadowRoot);
      if (found) return found;
    }
  }
  return null;
};
const look = () => {
  if (!deep(document)) {
    requestAnimationFrame(look);
    return;
  }
  const at = performance.now();
  window.firstTaskResources = performance.getEntriesByType('resource').map((e) => ({
    url: e.name,
    start: e.startTime,
    end: e.responseEnd,
  }));
  window.firstTask = at;
};
requestAnimationFrame(look);
