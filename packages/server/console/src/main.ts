// The console page's script: registers <quest-board> (the preview) and <quest-console>.
import '@questboard/elements/define';
import './quest-console.js';
