// The theme choice in this browser's localStorage (absent: follow the system), applied by a tiny
// inline script in <head> before the first paint so the page never flashes the other theme.
export const THEME_KEY = "driftwatch-theme";

export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;
