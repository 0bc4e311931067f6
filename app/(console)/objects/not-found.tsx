// notFound() from [objectId]/layout.tsx (an unknown id, answered 404 before the page streams) is
// caught here, one segment up; it shows the same view as a notFound() from the page.
export { default } from './[objectId]/not-found';
