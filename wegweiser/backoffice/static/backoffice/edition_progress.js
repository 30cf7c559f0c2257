"use strict";
// While an edition is being built, fetch its page every two seconds and show the new progress
// in the status region (announced to screen readers); once the build has ended, reload the
// page so that the PDF link and the release button appear. Without JavaScript, reload by hand.
(function () {
    const status = document.getElementById("edition-build-status");
    if (!status || status.dataset.building !== "true") {
        return;
    }
    const poll = function () {
        fetch(window.location.href, {credentials: "same-origin"})
            .then(function (response) {
                if (!response.ok) {  // a passing server error: ask again, do not reload into it
                    throw new Error(String(response.status));
                }
                return response.text();
            })
            .then(function (html) {
                const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("edition-build-status");
                if (!fresh || fresh.dataset.building !== "true") {
                    window.location.reload();
                    return;
                }
                status.innerHTML = fresh.innerHTML;
                window.setTimeout(poll, 2000);
            })
            .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 2000);
})();
