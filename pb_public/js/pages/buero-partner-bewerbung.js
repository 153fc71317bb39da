// The office's detail page of partners (js/lib/office-decisions.js).
import { detailPage } from '../lib/office-decisions.js';

export default detailPage('partners');
