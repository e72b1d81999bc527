// Root layout options: the dashboard is a client-rendered SPA (served via the index.html fallback).
export const ssr = false;
export const prerender = false;
