// The office's detail page of ideas (js/lib/office-decisions.js).
import { detailPage } from '../lib/office-decisions.js';

export default detailPage('ideas');
