// The office's list of ideas (js/lib/office-decisions.js).
import { listPage } from '../lib/office-decisions.js';

export default listPage('ideas');
