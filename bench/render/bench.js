// Runs inside Chromium (driven by bench/render.mjs). Exposes window.bench.*.
import { loadInsights, loadLeaderboard, memoryBackend } from '/cdn/quest-board.js';

const stage = document.getElementById('stage');

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => data.set(k, v),
    removeItem: (k) => data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
}

function makeCampaign(tasks, perTier = 50) {
  const tiers = [];
  for (let t = 0; t * perTier < tasks; t++) {
    const list = [];
    for (let k = t * perTier; k < Math.min(tasks, (t + 1) * perTier); k++) {
      list.push({
        id: `task-${k}`,
        kind: 'visit',
        title: `Task number ${k}`,
        description: `Open the page for step ${k} and come back to verify.`,
        points: 10,
        url: `https://example.com/step/${k}`,
      });
    }
    tiers.push({
      id: `tier-${t}`,
      title: `Tier ${t}`,
      description: `Tier ${t} of the ladder`,
      tasks: list,
    });
  }
  return {
    schemaVersion: 1,
    id: `bench-${tasks}`,
    title: 'Benchmark ladder',
    description: 'Generated.',
    tiers,
  };
}

/** Every Lit element in `el`'s shadow trees (and `el`). */
function litTree(el, out = []) {
  if (el.updateComplete) out.push(el);
  if (el.shadowRoot) for (const child of el.shadowRoot.querySelectorAll('*')) litTree(child, out);
  return out;
}

/** Waits until the element and every Lit element in its shadow trees has rendered and has no update pending. */
async function settle(el) {
  for (;;) {
    const tree = litTree(el);
    const pending = tree.filter((e) => e.isUpdatePending || !e.hasUpdated);
    if (!pending.length) return;
    await Promise.all(pending.map((e) => e.updateComplete));
  }
}

function shadowRoots(el, out = []) {
  if (el.shadowRoot) {
    out.push(el.shadowRoot);
    for (const child of el.shadowRoot.querySelectorAll('*')) shadowRoots(child, out);
  }
  return out;
}

async function mountBoard(campaign) {
  const board = document.createElement('quest-board');
  board.backend = memoryBackend({ storage: memoryStorage() });
  board.campaign = campaign;
  stage.append(board);
  await board.loadComplete;
  await settle(board);
  return board;
}

/** One MutationObserver record in words, e.g. `attributes class on div[part=task]`. */
function describeRecord(record) {
  const node = (n) =>
    n.nodeType === Node.TEXT_NODE
      ? `text "${n.data.trim()}"`
      : `${n.localName}${n.getAttribute?.('part') ? `[part=${n.getAttribute('part')}]` : ''}`;
  if (record.type === 'attributes')
    return `attributes ${record.attributeName} on ${node(record.target)}: "${record.oldValue ?? ''}" → "${record.target.getAttribute(record.attributeName)}"`;
  if (record.type === 'characterData') return `characterData ${node(record.target)}`;
  const added = [...record.addedNodes].map(node).join(', ');
  const removed = [...record.removedNodes].map(node).join(', ');
  return `childList of ${node(record.target)}${added ? ` + ${added}` : ''}${removed ? ` − ${removed}` : ''}`;
}

window.bench = {
  /** ms from creating the board to its whole ladder rendered and laid out. */
  async board(tasks) {
    stage.replaceChildren();
    const campaign = makeCampaign(tasks);
    const t0 = performance.now();
    await mountBoard(campaign);
    stage.getBoundingClientRect();
    document.body.offsetHeight;
    const ms = performance.now() - t0;
    stage.replaceChildren();
    return ms;
  },

  /** The same markup (header, tiers, tasks with title, description, state, link and button) with raw DOM calls. */
  async raw(tasks) {
    stage.replaceChildren();
    const campaign = makeCampaign(tasks);
    const t0 = performance.now();
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const h = (tag, text, parent) => {
      const node = document.createElement(tag);
      if (text !== undefined) node.textContent = text;
      parent.append(node);
      return node;
    };
    const header = h('div', undefined, root);
    h('h2', campaign.title, header);
    h('p', campaign.description, header);
    h('progress', undefined, header).max = tasks;
    const ol = h('ol', undefined, root);
    for (const tier of campaign.tiers) {
      const li = h('li', undefined, ol);
      h('h3', tier.title, li);
      h('p', tier.description, li);
      const list = h('ol', undefined, li);
      for (const task of tier.tasks) {
        const item = h('li', undefined, list);
        h('h4', task.title, item);
        h('p', task.description, item);
        h('span', 'Available', item);
        const a = h('a', 'Open link', item);
        a.href = task.url;
        h('button', 'Verify', item).type = 'button';
      }
    }
    stage.append(host);
    stage.getBoundingClientRect();
    document.body.offsetHeight;
    const ms = performance.now() - t0;
    stage.replaceChildren();
    return ms;
  },

  /** DOM mutations (MutationObserver records, all shadow roots) caused by one task going available → verifying. */
  async mutations(tasks) {
    stage.replaceChildren();
    const board = await mountBoard(makeCampaign(tasks));
    const records = [];
    const observer = new MutationObserver((list) => records.push(...list));
    for (const root of shadowRoots(board))
      observer.observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
        characterData: true,
      });
    const middle = `task-${Math.floor(tasks / 2)}`;
    board.state.$pending.setKey(middle, { state: 'verifying' });
    await settle(board);
    records.push(...observer.takeRecords());
    observer.disconnect();
    stage.replaceChildren();
    return { count: records.length, records: records.map(describeRecord) };
  },

  /**
   * DOM mutations caused by one entry's change (its points, same rank) when <quest-leaderboard>
   * shows `rows` rows and reads the page again (`refresh()`).
   */
  async leaderboardMutations(rows) {
    stage.replaceChildren();
    await loadLeaderboard();
    const entries = Array.from({ length: rows }, (_, i) => ({
      rank: i + 1,
      address: `0x${(i + 1).toString(16).padStart(40, '0')}`,
      points: 10 * (rows - i) + 10,
    }));
    const backend = {
      leaderboard: async () => ({
        period: 'all',
        entries: entries.map((e) => ({ ...e })),
        total: rows,
      }),
    };
    const el = document.createElement('quest-leaderboard');
    el.campaign = 'bench';
    el.pageSize = rows;
    el.backend = backend;
    stage.append(el);
    await el.updateComplete;
    while (!el.page) await new Promise((r) => setTimeout(r, 10));
    await el.updateComplete;
    const records = [];
    const observer = new MutationObserver((list) => records.push(...list));
    for (const root of shadowRoots(el))
      observer.observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
        characterData: true,
      });
    entries[Math.floor(rows / 2)].points += 1; // still between its neighbours
    await el.refresh();
    await el.updateComplete;
    records.push(...observer.takeRecords());
    observer.disconnect();
    stage.replaceChildren();
    return { count: records.length, records: records.map(describeRecord) };
  },

  /**
   * DOM mutations caused by one change in <quest-insights>: (a) its tasks view with `tasks` rows
   * given new `data` in which one task has one more verified wallet (its verified and completion
   * cells change); (b) its segment builder with `conditions` conditions, one field edited and
   * the new count answered (`count-delay` 0, a stand-in count endpoint).
   */
  async insightsMutations(tasks, conditions) {
    stage.replaceChildren();
    await loadInsights();
    const answer = (bump) => ({
      tasks: {
        campaignId: 'bench',
        tasks: Array.from({ length: tasks }, (_, i) => {
          // One more wallet verified the middle task (on its first check: no failure more).
          const verified = 50 + (i % 40) + (bump && i === Math.floor(tasks / 2) ? 1 : 0);
          return {
            taskId: `task-${i}`,
            tierId: `tier-${Math.floor(i / 50)}`,
            started: 120,
            attempted: 100,
            verified,
            failures: 60 - (i % 40),
            completionRate: verified / 100,
            topFailures: [{ reason: 'WRONG_ANSWER', count: 60 - (i % 40) }],
          };
        }),
      },
    });
    const el = document.createElement('quest-insights');
    el.view = 'tasks';
    el.data = answer(false);
    stage.append(el);
    await settle(el);
    const observe = (target) => {
      const records = [];
      const observer = new MutationObserver((list) => records.push(...list));
      for (const root of shadowRoots(target))
        observer.observe(root, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeOldValue: true,
          characterData: true,
        });
      return () => {
        records.push(...observer.takeRecords());
        observer.disconnect();
        return { count: records.length, records: records.map(describeRecord) };
      };
    };
    let done = observe(el);
    el.data = answer(true);
    await settle(el);
    const view = done();

    stage.replaceChildren();
    let counted = 0;
    const builder = document.createElement('quest-insights');
    builder.view = 'segments';
    builder.api = 'https://bench.example';
    builder.token = 'bench';
    builder.countDelay = 100_000;
    builder.fetcher = async () => Response.json({ count: 1000 + counted++ });
    builder.rule = {
      type: 'all',
      rules: Array.from({ length: conditions }, (_, i) => ({
        type: 'points',
        campaignId: 'bench',
        min: i,
      })),
    };
    stage.append(builder);
    await settle(builder);
    await builder.countSegment();
    await settle(builder);
    done = observe(builder);
    const input = builder.shadowRoot.getElementById(`seg-${Math.floor(conditions / 2)}-min`);
    input.value = '999';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle(builder);
    await builder.countSegment();
    await settle(builder);
    const edit = done();
    stage.replaceChildren();
    return { view, edit };
  },
};
window.benchReady = true;
