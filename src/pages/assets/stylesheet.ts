/**
 * The pages' only stylesheet, served from the mount path so the Content-Security-Policy can
 * forbid inline styles. Large tap targets, visible focus and a single column that fits a phone.
 */
export const stylesheet = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#fff;margin:0}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
a{color:#0b4fa8}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f5b800;outline-offset:2px}
.skip-link{position:absolute;left:-999px;top:0}
.skip-link:focus{left:1rem;background:#fff;padding:.5rem;z-index:1}
label,legend{display:block;font-weight:600;margin-top:1rem}
.hint{display:block;color:#505a5f;font-weight:400;font-size:.95rem;margin:.1rem 0 .35rem}
input[type=text],input[type=password],input[type=email],input[type=tel]{font:inherit;font-size:1.25rem;padding:.55rem .6rem;width:100%;border:2px solid #1b1b1b;border-radius:4px;min-height:2.75rem}
input.code{max-width:10ch;letter-spacing:.15em;font-variant-numeric:tabular-nums}
input.recovery{max-width:20ch;letter-spacing:.05em;text-transform:uppercase}
input[aria-invalid=true]{border-color:#b00020}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0;font-weight:400}
.choice input{width:1.4rem;height:1.4rem;margin-top:.15rem;flex:none}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.65rem 1.2rem;min-height:2.75rem;margin:1rem .5rem 0 0;border:2px solid #0b4fa8;border-radius:4px;background:#0b4fa8;color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#0b4fa8}
button.danger{background:#fff;color:#b00020;border-color:#b00020}
button:disabled{opacity:.55;cursor:not-allowed}
.inline{display:inline}
.error{color:#b00020;border-left:5px solid #b00020;padding:.25rem .75rem;margin:1rem 0}
.attempts-left{font-weight:600;margin:-.5rem 0 1rem}
.notice{border-left:5px solid #0b7a3e;padding:.25rem .75rem;margin:1rem 0}
.key{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.15rem;letter-spacing:.06em}
.key .group{white-space:nowrap}
.app-bar{max-width:36rem;margin:0 auto;padding:.75rem 1rem 0;display:flex;justify-content:space-between;align-items:center;gap:1rem}
.app-bar form{margin-left:auto}
button.link{background:none;border:0;color:#0b4fa8;text-decoration:underline;font-weight:400;padding:.5rem 0;margin:0;min-height:2.75rem}
.qr svg{width:13rem;height:13rem;max-width:100%}
.totp-ways{display:flex;flex-direction:column}
.open-app{margin:0 0 1rem}
.open-app .button{margin-top:0}
.codes{columns:2;column-gap:2rem;padding-left:1.5rem}
.codes li{margin:0 0 .2rem;break-inside:avoid}
.list{list-style:none;padding:0}
.list>li{border-top:1px solid #d0d5d8;padding:.75rem 0;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem}
.list>li>strong{flex:1 1 12rem}
.list button{margin:0}
.list>li:last-child{border-bottom:1px solid #d0d5d8}
.list form{display:inline}
.muted{color:#505a5f}
.list input.inline-name{width:12rem;font-size:1rem;min-height:2.5rem;padding:.3rem .5rem}
.passkey{margin:1rem 0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
textarea,input[type=search]{font:inherit;padding:.55rem .6rem;width:100%;border:2px solid #1b1b1b;border-radius:4px;min-height:2.75rem}
textarea[aria-invalid=true]{border-color:#b00020}
input.days{max-width:8ch}
textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid #f5b800;outline-offset:2px}
.admin-nav ul{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.admin-nav a[aria-current=page]{font-weight:700;text-decoration:none;color:#1b1b1b}
.error-summary{border:4px solid #b00020;padding:.5rem 1rem;margin:1rem 0}
.error-summary h2{margin:.25rem 0 .5rem;font-size:1.1rem}
.error-summary a{color:#b00020;font-weight:600}
.field-error{color:#b00020;font-weight:600;margin:.25rem 0}
.table-wrap{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid #d0d5d8}
.history{list-style:none;padding:0}
.history>li{border-top:1px solid #d0d5d8;padding:.5rem 0}
.paging a{margin-right:1.5rem}
@media (min-width:37.5625rem){.totp-ways .qr{order:-1}.open-app .button{background:#fff;color:#0b4fa8}}
@media (max-width:30rem){.codes{columns:1}button,.button{width:100%;margin-right:0}.list button{width:auto}}
`;
