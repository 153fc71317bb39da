// The office's list of festival (js/lib/office-decisions.js).
import { listPage } from '../lib/office-decisions.js';

export default listPage('festival');
