// The office's list of partners (js/lib/office-decisions.js).
import { listPage } from '../lib/office-decisions.js';

export default listPage('partners');
