import { defineQuestElements } from '@questboard/elements';
import { createApp } from 'vue';
import App from './App.vue';
import './app.css';

// Register <quest-board> before Vue renders one, so Vue finds its properties.
defineQuestElements();

createApp(App).mount('#app');
