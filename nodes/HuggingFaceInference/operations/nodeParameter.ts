/** Moved beside the other shared parameter readers (the sub-nodes read their parameters with it too). */
export { nodeParameter } from '../../shared/nodeParameter';
