"""Electronic inter-agency groups of procedures (nhóm thủ tục hành chính liên thông điện tử, Decree 63/2024/NĐ-CP)."""
