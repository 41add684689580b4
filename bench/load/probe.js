// Records when the first task title is on screen: searched through open shadow roots on every
// animation frame, from the page's own clock (no round trip to the driver in the figure).
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
  if (deep(document)) window.firstTask = performance.now();
  else requestAnimationFrame(look);
};
requestAnimationFrame(look);
