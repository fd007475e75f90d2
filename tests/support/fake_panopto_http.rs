//! The fake's side of the engine's `Http` port: which door a request came by (with or without
//! upload progress), holds, hangs, latency and a body broken half-way, then the answer.
//! A child module of `fake_panopto.rs`, kept apart so each file holds one concern.

use super::*;

impl FakePanopto {
    /// Which part a request uploads, if it is an UploadPart.
    fn part_number(request: &HttpRequest) -> Option<u32> {
        request.url.split("partNumber=").nth(1)?.split('&').next()?.parse().ok()
    }
}

impl Http for FakePanopto {
    fn send_reporting<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
        sent: &'a dyn Fn(u64),
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let number = Self::part_number(&request);
            self.state.borrow_mut().parts_watched.extend(number);
            let part = number.filter(|_| self.state.borrow().report_progress);
            let Some(part) = part else { return self.send_part(request, abort).await };
            let len = request.body_len() as u64;
            sent(len / 2);
            let drop = {
                let mut s = self.state.borrow_mut();
                let hit = s.drop_half_way.iter().position(|p| *p == part);
                hit.map(|i| s.drop_half_way.remove(i)).is_some()
            };
            if drop {
                return Err(HttpError::Network("connection reset half-way through the body".into()));
            }
            sent(len);
            self.send_part(request, abort).await
        })
    }

    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        let number = Self::part_number(&request);
        self.state.borrow_mut().parts_unwatched.extend(number);
        self.send_part(request, abort)
    }
}

impl FakePanopto {
    /// Every request, by either door of [`Http`].
    fn send_part<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            // While held, part uploads (and, when asked, the sessionUpload's creation) stay
            // in flight until released or aborted (pause, cancel); other requests (abort,
            // DELETE) go through.
            let creates = request.method == "POST" && request.url.ends_with("REST/sessionUpload");
            let holdable = request.url.contains("partNumber=") || (creates && self.state.borrow().hold_creates);
            loop {
                if abort.is_aborted() {
                    return Err(HttpError::Aborted);
                }
                if !holdable || !self.state.borrow().hold {
                    break;
                }
                let me = self.clone();
                futures_util::future::select(
                    Box::pin(futures_util::future::poll_fn(move |cx| {
                        if me.state.borrow().hold {
                            me.state.borrow_mut().hold_wakers.push(cx.waker().clone());
                            std::task::Poll::Pending
                        } else {
                            std::task::Poll::Ready(())
                        }
                    })),
                    abort.aborted(),
                )
                .await;
            }
            if request.url.contains("partNumber=") {
                let hang = {
                    let mut s = self.state.borrow_mut();
                    s.parts_in_flight += 1;
                    let entry = (self.clock.now.get(), s.parts_in_flight);
                    s.in_flight_log.push(entry);
                    let hit = s.hang.iter().position(|h| request.url.contains(h.as_str()));
                    hit.map(|i| s.hang.remove(i)).is_some()
                };
                let latency = self.state.borrow().part_latency_ms;
                let waited = if hang {
                    // Counted when the client gives up (its future is dropped right after).
                    let state = self.state.clone();
                    abort.on_abort(move || state.borrow_mut().hung_aborted += 1);
                    abort.aborted().await;
                    false
                } else if latency > 0 {
                    let sleep = self.clock.sleep(latency);
                    matches!(
                        futures_util::future::select(sleep, abort.aborted()).await,
                        futures_util::future::Either::Left(_)
                    )
                } else {
                    true
                };
                self.state.borrow_mut().parts_in_flight -= 1;
                if !waited {
                    return Err(HttpError::Aborted);
                }
            }
            self.answer(&request)
        })
    }
}
