//! Server-side HTML: escaping and the page frame. Thai first; no scripts, no front-end build.
use crate::cases::Role;
use crate::store::Session;

pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Sarabun','Noto Sans Thai',sans-serif;margin:0;color:#222}\
header{background:#1d3557;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center}\
header a{color:#fff}main{padding:1em}table{border-collapse:collapse;width:100%}\
td,th{border-bottom:1px solid #ddd;padding:.35em;text-align:left;vertical-align:top}\
.overdue{color:#b00020;font-weight:bold}form.inline{display:inline}\
.muted{color:#666;font-size:.9em}";

pub fn role_th(role: Role) -> &'static str {
    crate::cases::labels::role_th(role)
}

/// The frame of every page: title, menu (with the logout form and its CSRF token), body.
pub fn page(title: &str, session: Option<&Session>, body: &str) -> String {
    let menu = match session {
        Some(s) => format!(
            "<a href=\"/cases\">เรื่องที่เปิดอยู่</a><a href=\"/charts\">แผนภูมิ</a>\
             <a href=\"/gaps\">ช่องว่างความรู้</a>{}\
             <span class=\"muted\">{} ({}{})</span>\
             <form class=\"inline\" method=\"post\" action=\"/logout\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>ออกจากระบบ</button></form>",
            // The brief is the coordinators' and admins' (experts would get a 403).
            if s.user.role.supervises() {
                "<a href=\"/spending\">การเบิกจ่าย</a>"
            } else {
                ""
            },
            esc(&s.user.name),
            role_th(s.user.role),
            s.user
                .agency
                .as_ref()
                .map(|a| format!(" · {a}"))
                .unwrap_or_default(),
            esc(&s.csrf),
        ),
        None => String::new(),
    };
    format!(
        "<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title} · คลินิกจัดซื้อจัดจ้าง</title><style>{STYLE}</style></head>\
         <body><header><strong>คลินิกจัดซื้อจัดจ้าง</strong>{menu}</header>\
         <main><h1>{title}</h1>{body}</main></body></html>",
        title = esc(title),
    )
}
