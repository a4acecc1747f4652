"""A Streamlit session driven over Streamlit's own websocket protocol, as a browser tab would.

Not a benchmark itself: bench/class_load.py and bench/session_memory.py open many of these
against one server. A `Session` connects to ws://127.0.0.1:PORT/_stcore/stream with the
subprotocol the frontend offers ("streamlit"), optionally with a `Cookie` header, asks for a
page by its URL path the way the frontend's first `rerun_script` does (`page_name`, empty
`page_script_hash`), and from then on names the page by the hash the server's `new_session`
gave. It reads every `ForwardMsg`: deltas (widgets are found by their label or component
name, exception elements are counted), `new_session` and `script_finished` (with the fragments
each run reruns), the query string the app sets (`page_info_changed`), the navigation's pages,
and `auto_rerun` / `stop_auto_rerun`, which it honours as the frontend does by rerunning that
fragment every `interval` seconds.

Widget values are sent as the frontend sends them: every value this client has set goes with
every rerun (the frontend sends all its widgets' states), a button press is a one-off
`trigger_value`, a text box a `string_value`, and a components-v2 component's state (the
drawable canvas) a `json_value` holding the whole state mapping.

Fragments, as the frontend handles them: every widget remembers the `fragment_id` of the
delta that last drew it (Streamlit sets it on every delta written while a fragment function
runs, in a full run as in a fragment's own). A change to widgets that all belong to one
fragment asks for a rerun of that fragment only (`ClientState.fragment_id`); anything else
asks for a full run. The server answers a fragment rerun with a `new_session` whose
`metadata.run.fragment_ids` name the fragments it runs (an auto rerun queued at the same time
may share it) and a `script_finished` of FINISHED_FRAGMENT_RUN_SUCCESSFULLY. A fragment that
calls `st.rerun()` ends its run FINISHED_EARLY_FOR_RERUN and a full run follows: that full run
then answers the change, as what the person sees comes with it. Auto reruns alone set
`is_auto_rerun`, and a full run cancels their timers (the server announces them again).

A run answers the change last sent if it starts after the change was sent and covers it (a
full run, or a fragment run naming its fragment). A run of another cause that the server
started just before the change arrived can pass that test; the bench's own changes are one at
a time per session, so this is rare, and the server coalesces the change into its next run.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT_FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
CANVAS_SIDE = 280  # ui.canvas_input.CANVAS_SIDE
BRUSH = 20  # ui.canvas_input.STROKE_WIDTH


@dataclass
class Run:
    """One run this client asked for: when it was asked for, when the server started the run
    that answers it, when the first element matching the session's `watch` came, when it
    ended. `fragment` is the fragment it reruns ("" for a full run); `full` is whether a full
    run answered it (asked for, or one that a fragment's `st.rerun()` started)."""

    sent: float
    fragment: str = ""
    full: bool = False
    started: float | None = None
    marked: float | None = None
    finished: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Session:
    """One browser tab's worth of protocol.

    Args:
        port: the server's port on 127.0.0.1.
        page: the URL path of the page to open ("cnn", "rnn", "" for the home page).
        query: the query string the tab opens with, without "?".
        cookie: the `Cookie` header of the websocket handshake, or None.
        watch: a function of an `Element` proto; the first element of a run for which it is
            true marks the run (the prediction shown, say).
    """

    def __init__(
        self,
        port: int,
        page: str,
        query: str = "",
        cookie: str | None = None,
        watch: Callable | None = None,
    ):
        self.port, self.page, self.query, self.cookie = port, page, query, cookie
        self.watch = watch
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash, from the navigation
        self.values: dict[str, WidgetState] = {}  # every widget value this client has set
        self.buttons: dict[str, object] = {}  # label -> Button proto, the latest drawn
        self.text_areas: dict[str, object] = {}
        self.components: dict[str, object] = {}  # component name -> BidiComponent proto
        self.fragments: dict[str, str] = {}  # widget id -> fragment id of its latest delta ("" none)
        self.exceptions: list[str] = []
        self.full_runs = 0  # full runs finished
        self.fragment_runs = 0  # fragment runs finished, auto reruns included
        self.closed = False
        self._socket = None
        self._reader: asyncio.Task | None = None
        self._auto: dict[str, tuple[asyncio.Task, float]] = {}  # fragment -> timer, interval
        self._run: Run | None = None  # the run last asked for
        self._current: Run | None = None  # the asked-for run whose deltas are arriving

    # Connecting and closing.

    async def open(self, timeout: float = 120.0) -> Run:
        """Connect, ask for the page, and wait for its first full run to finish."""
        headers = {"Cookie": self.cookie} if self.cookie else None
        self._socket = await connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            ping_interval=None,
            open_timeout=timeout,
        )
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(page_name=self.page, timeout=timeout)

    async def close(self) -> None:
        """Close the tab: the websocket goes, as when a browser tab is closed."""
        self.closed = True
        self._cancel_auto_reruns()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    # Sending.

    async def rerun(
        self,
        changes: dict[str, WidgetState] | None = None,
        triggers: list[str] = (),
        page_name: str = "",
        timeout: float = 60.0,
    ) -> Run:
        """Send a rerun with `changes` (kept for later reruns) and one-off button presses
        `triggers` (widget ids); wait for the run that answers it. Widgets that all belong to
        one fragment rerun that fragment, as in the browser; anything else, and a rerun with
        no changes, is a full run. A run that does not finish within `timeout` is returned
        unfinished."""
        self.values.update(changes or {})
        states = list(self.values.values())
        for widget_id in triggers:
            states.append(WidgetState(id=widget_id, trigger_value=True))
        fragment = "" if page_name else self.fragment_of([*(changes or {}), *triggers])
        run = Run(sent=time.perf_counter(), fragment=fragment)
        self._run = run
        await self._send(states, page_name=page_name, fragment=fragment)
        try:
            await asyncio.wait_for(run.done.wait(), timeout)
        except TimeoutError:
            pass
        return run

    def fragment_of(self, widget_ids: list[str]) -> str:
        """The fragment a change of `widget_ids` reruns: the one they all were drawn in, or ""
        (a full run) when they are in none, in several, or there are none. The frontend
        sends one fragment id per rerun, so a change spanning regions is a full run."""
        fragments = {self.fragments.get(widget_id, "") for widget_id in widget_ids}
        return fragments.pop() if len(fragments) == 1 else ""

    async def goto(self, url_path: str, timeout: float = 120.0) -> Run:
        """Open another page of the app, as a click in the navigation does."""
        self.values.clear()
        self.fragments.clear()
        self.query = ""
        self.page_hash = self.pages.get(url_path, "")
        return await self.rerun(page_name="" if self.page_hash else url_path, timeout=timeout)

    async def _send(
        self, states: list[WidgetState], page_name: str = "", fragment: str = "", auto: bool = False
    ) -> None:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_script_hash = "" if page_name else self.page_hash
        client.page_name = page_name
        client.widget_states.widgets.extend(states)
        client.fragment_id = fragment
        client.is_auto_rerun = auto
        await self._socket.send(message.SerializeToString())

    async def _auto_rerun(self, fragment: str, interval: float) -> None:
        """The frontend's timer for a `run_every` fragment: every `interval` seconds, whether
        or not the last tick has been answered, a rerun of that fragment with every value."""
        while not self.closed:
            await asyncio.sleep(interval)
            await self._send(list(self.values.values()), fragment=fragment, auto=True)

    def _cancel_auto_reruns(self, fragments=None) -> None:
        for fragment in list(self._auto) if fragments is None else fragments:
            task, _ = self._auto.pop(fragment, (None, 0.0))
            if task is not None:
                task.cancel()

    # Receiving.

    async def _read(self) -> None:
        try:
            async for data in self._socket:
                message = ForwardMsg()
                message.ParseFromString(data)
                self._handle(message, time.perf_counter())
        except Exception:  # the connection closed under us: the tab is gone
            self.closed = True

    def _handle(self, message: ForwardMsg, now: float) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            fragments = list(message.metadata.run.fragment_ids)  # empty for a full run
            if not fragments:
                self.page_hash = message.new_session.page_script_hash or self.page_hash
                self._cancel_auto_reruns()  # as the frontend: a full run resets them
            run = self._run
            if run is not None and run.finished is None and (not fragments or run.fragment in fragments):
                self._current = run
                run.full = run.full or not fragments
                if run.started is None:
                    run.started = now
            else:  # an auto rerun, or a run that no longer answers the change last sent
                self._current = None
        elif kind == "delta":
            self._delta(message.delta, now)
        elif kind == "script_finished":
            status = message.script_finished
            if status in (FINISHED, FRAGMENT_FINISHED):
                if status == FINISHED:
                    self.full_runs += 1
                else:
                    self.fragment_runs += 1
                run = self._current
                if run is not None and run.started is not None and run.finished is None:
                    run.finished = now
                    run.done.set()
                self._current = None
            # FINISHED_EARLY_FOR_RERUN: the rerun that follows starts with its own new_session.
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "navigation":  # names the page this run shows, as the frontend reads it
            self.page_hash = message.navigation.page_script_hash or self.page_hash
            for page in message.navigation.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash
        elif kind == "auto_rerun":
            fragment, interval = message.auto_rerun.fragment_id, message.auto_rerun.interval
            # As the frontend: a timer already ticking at this interval is kept, not restarted.
            if fragment and not self.closed and self._auto.get(fragment, (None, None))[1] != interval:
                self._cancel_auto_reruns([fragment])
                task = asyncio.create_task(self._auto_rerun(fragment, interval))
                self._auto[fragment] = (task, interval)
        elif kind == "stop_auto_rerun":
            self._cancel_auto_reruns(message.stop_auto_rerun.fragment_ids)

    def _delta(self, delta, now: float) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if isinstance(widget_id, str) and widget_id:
            self.fragments[widget_id] = delta.fragment_id
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "button":
            self.buttons[element.button.label] = element.button
        elif kind == "text_area":
            self.text_areas[element.text_area.label] = element.text_area
        elif kind == "bidi_component":
            self.components[element.bidi_component.component_name] = element.bidi_component
        run = self._current
        if self.watch is not None and run is not None and run.marked is None and self.watch(element):
            run.marked = now

    # Finding widgets.

    def button(self, label: str):
        """The latest Button proto whose label contains `label`, or None."""
        return next((b for name, b in self.buttons.items() if label in name), None)

    def text_area(self, label: str):
        return next((w for name, w in self.text_areas.items() if label in name), None)

    def component(self, name: str):
        return next((c for key, c in self.components.items() if name in key), None)


# Values as the frontend sends them.


def text_value(widget_id: str, text: str) -> dict[str, WidgetState]:
    return {widget_id: WidgetState(id=widget_id, string_value=text)}


def component_value(widget_id: str, state: dict) -> dict[str, WidgetState]:
    """A components-v2 component's whole state mapping, as `setStateValue` sends it."""
    return {widget_id: WidgetState(id=widget_id, json_value=json.dumps(state))}


def canvas_state(strokes: list[list[list[int]]]) -> dict:
    """The drawable canvas' state after drawing `strokes` ([[x, y], ...] each, in canvas
    pixels): its Fabric.js JSON and the PNG of the canvas as a data URL, as the canvas sends
    them with `return_image_data=True` (20 px round white brush on a 280×280 black canvas)."""
    image = Image.new("RGBA", (CANVAS_SIDE, CANVAS_SIDE), (0, 0, 0, 255))
    pen = ImageDraw.Draw(image)
    objects = []
    for stroke in strokes:
        points = [tuple(point) for point in stroke]
        pen.line(points, fill=(255, 255, 255, 255), width=BRUSH, joint="curve")
        for x, y in (points[0], points[-1]):  # round caps, like the canvas brush
            pen.ellipse((x - BRUSH / 2, y - BRUSH / 2, x + BRUSH / 2, y + BRUSH / 2), fill=(255,) * 4)
        xs, ys = [x for x, _ in points], [y for _, y in points]
        path = [["M", *points[0]], *(["L", *point] for point in points[1:])]
        objects.append(
            {
                "type": "Path",
                "left": min(xs) - BRUSH / 2,
                "top": min(ys) - BRUSH / 2,
                "width": max(xs) - min(xs),
                "height": max(ys) - min(ys),
                "fill": None,
                "stroke": "#FFFFFF",
                "strokeWidth": BRUSH,
                "strokeLineCap": "round",
                "strokeLineJoin": "round",
                "path": path,
            }
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    raw = {"version": "6.7.1", "objects": objects, "background": "#000000"}
    return {"drawing": {"raw": raw, "data": data_url}}
