import { defineQuestElements } from '@questboard/elements';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// Register <quest-board> before Svelte renders one, so Svelte finds its properties.
defineQuestElements();

mount(App, { target: document.getElementById('app')! });
