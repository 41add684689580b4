// The host page's side: listen to the board's events and drive its attributes.
const board = document.querySelector('quest-board');
const log = document.getElementById('log');

for (const type of [
  'quest-verify',
  'quest-complete',
  'quest-unlock',
  'quest-claim',
  'quest-error',
]) {
  board.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const detail = { ...event.detail };
    if (detail.error) detail.error = `${detail.error.code}: ${detail.error.shortMessage}`;
    if (detail.result) detail.result = detail.result.ok ? 'ok' : detail.result.reason;
    item.textContent = `${type} ${JSON.stringify(detail)}`;
    log.prepend(item);
  });
}

document
  .getElementById('theme')
  .addEventListener('change', (e) => board.setAttribute('theme', e.target.value));
document.getElementById('locale').addEventListener('change', (e) => {
  board.setAttribute('locale', e.target.value);
  document.documentElement.lang = e.target.value;
});
document.getElementById('reset').addEventListener('click', () => {
  for (const key of Object.keys(localStorage))
    if (key.startsWith('questboard:')) localStorage.removeItem(key);
  location.reload();
});
