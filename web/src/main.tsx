import { render } from 'preact';
import { App } from './app';
import { initTheme } from './theme';
import './theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/dashboard.css';

initTheme();
const root = document.getElementById('app');
if (root) render(<App />, root);
