"""The shipped default questionnaire: five SIPAS factors × three blocks, on 5-point scales.

OUR OWN WORDING, modelled on the SIPAS structure (regulations.md §5); the official question wording of the
2021–2030 phase (QĐ 3089/QĐ-BNV) is unverified. Agencies edit the questions of each survey before opening it.
The texts stay in Vietnamese whatever the interface language: they are the survey's content, like a form.
"""

from motcua.feedback.models import Block, Factor

A, S, E = Block.ASSESSMENT, Block.SATISFACTION, Block.EXPECTATION

DEFAULT_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # 1. Tiếp cận dịch vụ
    (Factor.ACCESS, A, "Nơi tiếp nhận hồ sơ dễ tìm, có chỗ ngồi chờ và biển chỉ dẫn rõ ràng."),
    (Factor.ACCESS, A, "Có thể tìm hiểu thủ tục và nộp hồ sơ qua mạng dễ dàng."),
    (Factor.ACCESS, S, "Ông/bà hài lòng thế nào với nơi tiếp nhận hồ sơ và trang thiết bị phục vụ?"),
    (Factor.ACCESS, S, "Ông/bà hài lòng thế nào với việc tìm hiểu, tiếp cận dịch vụ công trực tuyến?"),
    (Factor.ACCESS, E, "Mức cần cải thiện nơi tiếp nhận và dịch vụ trực tuyến."),
    # 2. Thủ tục hành chính
    (Factor.PROCEDURES, A, "Thủ tục được niêm yết công khai, đầy đủ, dễ hiểu."),
    (Factor.PROCEDURES, A, "Thành phần hồ sơ, phí, lệ phí và thời hạn đúng như niêm yết."),
    (Factor.PROCEDURES, S, "Ông/bà hài lòng thế nào với sự công khai, minh bạch của thủ tục?"),
    (Factor.PROCEDURES, S, "Ông/bà hài lòng thế nào với mức độ đơn giản của thủ tục và hồ sơ phải nộp?"),
    (Factor.PROCEDURES, E, "Mức cần đơn giản hóa thủ tục và giấy tờ."),
    # 3. Công chức trực tiếp giải quyết công việc
    (Factor.CIVIL_SERVANTS, A, "Cán bộ có thái độ lịch sự, tôn trọng người dân."),
    (Factor.CIVIL_SERVANTS, A, "Cán bộ hướng dẫn tận tình, dễ hiểu và một lần là đủ."),
    (Factor.CIVIL_SERVANTS, S, "Ông/bà hài lòng thế nào với thái độ của cán bộ?"),
    (Factor.CIVIL_SERVANTS, S, "Ông/bà hài lòng thế nào với năng lực, sự hướng dẫn của cán bộ?"),
    (Factor.CIVIL_SERVANTS, E, "Mức cần cải thiện thái độ và cách hướng dẫn của cán bộ."),
    # 4. Kết quả dịch vụ
    (Factor.RESULTS, A, "Kết quả được trả đúng hẹn (hoặc có thư xin lỗi, hẹn lại khi trễ)."),
    (Factor.RESULTS, A, "Kết quả nhận được đúng quy định, thông tin chính xác."),
    (Factor.RESULTS, S, "Ông/bà hài lòng thế nào với thời gian nhận được kết quả?"),
    (Factor.RESULTS, S, "Ông/bà hài lòng thế nào với kết quả nhận được?"),
    (Factor.RESULTS, E, "Mức cần rút ngắn thời gian giải quyết."),
    # 5. Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị
    (Factor.FEEDBACK, A, "Có nơi, có cách để góp ý, phản ánh, kiến nghị dễ dàng."),
    (Factor.FEEDBACK, A, "Góp ý, phản ánh được tiếp nhận và trả lời kịp thời."),
    (Factor.FEEDBACK, S, "Ông/bà hài lòng thế nào với việc tiếp nhận góp ý, phản ánh, kiến nghị?"),
    (Factor.FEEDBACK, S, "Ông/bà hài lòng thế nào với việc giải quyết, trả lời góp ý, phản ánh, kiến nghị?"),
    (Factor.FEEDBACK, E, "Mức cần cải thiện việc tiếp nhận, trả lời góp ý, phản ánh."),
)
