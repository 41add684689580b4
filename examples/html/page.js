// The page's own listener: quest-complete bubbles out of the board with a typed detail.
const points = document.querySelector('[data-testid="points"]');
const log = document.querySelector('[data-testid="log"]');
document.querySelector('quest-board').addEventListener('quest-complete', (event) => {
  points.textContent = String(event.detail.totalPoints);
  const item = document.createElement('li');
  item.textContent = `quest-complete ${event.detail.taskId}`;
  log.prepend(item);
});
