"""`make run`: start Rasa, the action server and the gateway; stop all three on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import time

from devtools.stack import ROOT, Stack


def unset_ward_facts() -> list[str]:
    """The ward facts nobody has set (in settings or /admin/ward), by their labels on the staff page."""
    from bot.admin.ward import LABELS
    from bot.settings import Settings
    from bot.ward.facts import load_facts, unset
    from knowledge.database import make_engine, make_sessionmaker

    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return [LABELS[key][0] for key in unset(load_facts(session, settings))]
    finally:
        engine.dispose()


def main() -> None:
    stack = Stack(
        workdir=ROOT / "var",
        rasa_port=int(os.environ.get("RASA_PORT", 5005)),
        action_port=int(os.environ.get("ACTION_PORT", 5055)),
        gateway_port=int(os.environ.get("PORT", 8000)),
        # on this machine only (loopback): the API's documentation is on, unlike production's default
        extra_env={"API_DOCS": os.environ.get("API_DOCS", "true")},
    )
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            print("\n⏹  Đang dừng cả ba tiến trình…", flush=True)
            stack.stop()
            print("✓ Đã dừng.")
            sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    stack.start()
    try:
        stack.wait_ready(timeout=240, progress=True)
    except (RuntimeError, TimeoutError) as problem:
        stack.stop()
        sys.exit(f"✗ Không khởi động được: {problem}")
    url = stack.gateway_url
    print(
        "\n✅ Trợ lý số phường đang chạy.\n"
        f"   Trang phường có khung chat:   {url}/\n"
        f"   Trang cán bộ (biên tập):      {url}/admin   (tạo tài khoản: .venv/bin/python -m bot.auth.cli create-admin --username admin)\n"
        f"   Bàn hỗ trợ (tình nguyện viên): {url}/console   (tạo tài khoản: … create-user --role volunteer --username ten)\n"
        f"   API chat (POST):              {url}/api/chat\n"
        f"   Tài liệu API:                 {url}/docs\n"
        f"   Kiểm tra sẵn sàng:            {url}/readyz\n"
        f"   Rasa (chỉ nội bộ):            http://127.0.0.1:{stack.rasa_port}\n"
        f"   Nhật ký:                      {stack.workdir}/*.log\n"
        "   Bấm Ctrl-C để dừng.\n",
        flush=True,
    )
    missing = unset_ward_facts()
    if missing:
        print(
            "⚠  Thông tin phường chưa đặt: " + ", ".join(missing) + ".\n"
            "   Trong lúc chưa đặt, câu trả lời cần thông tin này sẽ nói «Bác liên hệ trực tiếp Ủy ban nhân dân phường».\n"
            f"   Cán bộ đặt tại {url}/admin/ward (hoặc biến môi trường WARD_HOTLINE, WARD_HOURS…).\n",
            flush=True,
        )
    while True:
        for name, process in list(stack.processes.items()):
            if process.poll() is not None:
                print(f"✗ {name} đã dừng (mã {process.returncode}). Xem {stack.workdir}/{name}.log")
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
